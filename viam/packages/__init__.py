"""Package cache: resolve, download, verify, unpack and clean up packages and registry modules."""

from viam.packages.cache import PackageCache, PackageRef
from viam.packages.manager import PackageManager, PackageResolver, ResolvedPackage, module_data_dir

__all__ = ["PackageCache", "PackageManager", "PackageRef", "PackageResolver", "ResolvedPackage", "module_data_dir"]
