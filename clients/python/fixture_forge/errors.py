"""The errors a test sees when an artifact cannot be trusted."""


class ArtifactError(Exception):
    """The artifact is missing, or its manifest is not a fixture-forge manifest."""


class ChecksumError(ArtifactError):
    """A file does not match the sha256 and size its manifest records."""
