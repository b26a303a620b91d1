"""Security and robustness regressions of issue 17: every case here failed (or was shown to hold) in the probe."""
