"""Signal receivers of the core app (connected when the app is ready)."""
