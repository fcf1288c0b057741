"""diary"""
