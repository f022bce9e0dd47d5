# This repository's own tests use the plugin from source. An installed
# package loads it through its pytest11 entry point, registered under this
# same name, so the two never clash; a project that pip-installs
# fixture-forge needs no conftest line at all.
pytest_plugins = ["fixture_forge.pytest_plugin"]
