pytest_plugins = ["rauth.testing.pytest_plugin"]
