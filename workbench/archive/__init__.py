"""Archive: the completeness check, one-click sealing, the self-verifying archive package, its
verification anywhere and its import into another workbench."""

from .completeness import CompletenessReport, Missing, check_completeness, document_gaps
from .importer import ImportResult, PackageRefused, import_package
from .package import PackageInfo, write_package
from .seal import ArchiveRefused, SealDeclined, SealResult, seal_case
from .verify import DEFAULT_LIMITS, Limits, PackageReport, verify_package

__all__ = ["ArchiveRefused", "SealDeclined", "CompletenessReport", "DEFAULT_LIMITS", "ImportResult", "Limits",
           "Missing", "PackageInfo", "PackageRefused", "PackageReport", "SealResult",
           "check_completeness", "document_gaps", "import_package", "seal_case", "verify_package", "write_package"]
