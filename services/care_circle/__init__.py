"""care_circle"""
