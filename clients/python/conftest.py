# The plugin every suite of this repository's Python tests uses; a project
# that installs fixture_forge writes the same line in its own conftest.py.
pytest_plugins = ["fixture_forge.pytest_plugin"]
