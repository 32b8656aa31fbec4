from tests.learning.conftest import outsider  # noqa: F401
from tests.network.conftest import world  # noqa: F401
