"""Real-browser journeys (Playwright); run with `make e2e`."""
