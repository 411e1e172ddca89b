"""Which APIs the server serves and which models can be built for them.

Registration is explicit (the server calls ``register_builtins``), never an import side effect,
and registering the same API or model twice raises.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from google.protobuf.descriptor import ServiceDescriptor

from viam.errors import DuplicateRegistrationError, ResourceNotFoundError
from viam.resource.base import Resource
from viam.resource.names import API, Model, ResourceName

if TYPE_CHECKING:
    from viam.config.model import ResourceConfig

Dependencies = Mapping[ResourceName, Resource]


class ModelClass(Protocol):
    """What a model class provides: config validation and construction."""

    @classmethod
    def validate_config(cls, config: ResourceConfig) -> tuple[Sequence[str], Sequence[str]]:
        """Check the attributes; return (required, optional) implicit dependency names."""
        ...

    @classmethod
    async def new(cls, config: ResourceConfig, dependencies: Dependencies) -> Resource:
        """Build the resource from its config and its (ready) dependencies."""
        ...


@dataclass(frozen=True)
class APIRegistration:
    """One API: its Python contract, its gRPC service and client."""

    api: API
    resource_class: type[Resource]
    service_descriptor: ServiceDescriptor
    servicer: Any  # an instance whose methods take (resource, request, context)
    client_class: type[Resource]

    @property
    def service_name(self) -> str:
        return self.service_descriptor.full_name


class Registry:
    """APIs and models known to this process."""

    def __init__(self) -> None:
        self._apis: dict[API, APIRegistration | Callable[[], APIRegistration]] = {}
        self._models: dict[tuple[API, Model], ModelClass] = {}

    def register_api(
        self, registration: APIRegistration | Callable[[], APIRegistration], api: API | None = None
    ) -> None:
        """Register an API, or (with ``api``) a loader that builds its registration on first use.

        Loaders keep start-up cheap for processes (modules) that serve only a few APIs.
        """
        key = api if api is not None else registration.api  # type: ignore[union-attr]
        if key in self._apis:
            raise DuplicateRegistrationError(f"API {key} is already registered")
        self._apis[key] = registration

    def register_model(self, api: API, model: Model, model_class: ModelClass) -> None:
        if (api, model) in self._models:
            raise DuplicateRegistrationError(f"model {model} for {api} is already registered")
        self._models[(api, model)] = model_class

    def unregister_model(self, api: API, model: Model) -> None:
        self._models.pop((api, model), None)

    def api(self, api: API) -> APIRegistration:
        try:
            registration = self._apis[api]
        except KeyError:
            known = ", ".join(sorted(str(a) for a in self._apis))
            raise ResourceNotFoundError(f"API {api} is not served here (known: {known})") from None
        if not isinstance(registration, APIRegistration):
            registration = self._apis[api] = registration()
        return registration

    def has_api(self, api: API) -> bool:
        return api in self._apis

    @property
    def apis(self) -> list[APIRegistration]:
        return [self.api(api) for api in list(self._apis)]

    def model(self, api: API, model: Model) -> ModelClass:
        try:
            return self._models[(api, model)]
        except KeyError:
            known = ", ".join(sorted(str(m) for (a, m) in self._models if a == api)) or "none"
            raise ResourceNotFoundError(f"unknown model {model} for {api} (known: {known})") from None

    def has_model(self, api: API, model: Model) -> bool:
        return (api, model) in self._models

    @property
    def models(self) -> list[tuple[API, Model]]:
        return sorted(self._models)
