"""The application's actions: what the command line and the web app both call.

Each function takes the store, the acting user and typed arguments, and returns
typed results; front ends only parse input and render output.
"""
