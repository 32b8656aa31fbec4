from tests.network.conftest import world  # noqa: F401 - the shared network fixture
