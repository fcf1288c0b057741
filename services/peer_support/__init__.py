"""peer_support"""
