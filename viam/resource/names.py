"""API and model triplets and resource names, as Viam spells them on the wire."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from viam.errors import InvalidArgumentError
from viam.gen.common.v1 import common_pb2

_PART = re.compile(r"^[\w-]+$")

RESOURCE_TYPE_COMPONENT = "component"
RESOURCE_TYPE_SERVICE = "service"
RDK_NAMESPACE = "rdk"
_PARSED_APIS: dict[str, API] = {}
_PARSED_MODELS: dict[str, Model] = {}


def _check_parts(kind: str, text: str, parts: list[str]) -> None:
    if len(parts) != 3 or not all(_PART.match(p) for p in parts):
        raise InvalidArgumentError(f"{kind} {text!r} is not a triplet 'a:b:c' of letters, digits, '_' or '-'")


@dataclass(frozen=True, slots=True, order=True)
class API:
    """What a resource is (``rdk:component:motor``): the namespace, resource type and subtype."""
    namespace: str
    resource_type: str
    resource_subtype: str
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Names key every routing and graph dict: hash once, not on every look-up.
        object.__setattr__(self, "_hash", hash((self.namespace, self.resource_type, self.resource_subtype)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not API:
            return NotImplemented
        return self._hash == other._hash and (self.namespace, self.resource_type, self.resource_subtype) == (
            other.namespace, other.resource_type, other.resource_subtype)

    @classmethod
    def parse(cls, text: str) -> API:
        cached = _PARSED_APIS.get(text)
        if cached is None:
            parts = text.split(":")
            _check_parts("API", text, parts)
            cached = _PARSED_APIS[text] = cls(*parts)  # shared instances make equality checks identity checks
        return cached

    @classmethod
    def component(cls, subtype: str) -> API:
        return cls(RDK_NAMESPACE, RESOURCE_TYPE_COMPONENT, subtype)

    @classmethod
    def service(cls, subtype: str) -> API:
        return cls(RDK_NAMESPACE, RESOURCE_TYPE_SERVICE, subtype)

    def __str__(self) -> str:
        return f"{self.namespace}:{self.resource_type}:{self.resource_subtype}"


@dataclass(frozen=True, slots=True, order=True)
class Model:
    """How a resource is implemented (``rdk:builtin:fake``): namespace, family and name."""
    namespace: str
    family: str
    name: str
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Names key every routing and graph dict: hash once, not on every look-up.
        object.__setattr__(self, "_hash", hash((self.namespace, self.family, self.name)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not Model:
            return NotImplemented
        return self._hash == other._hash and (self.namespace, self.family, self.name) == (
            other.namespace, other.family, other.name)

    @classmethod
    def parse(cls, text: str) -> Model:
        """Parse a model triplet; a bare name such as ``fake`` means ``rdk:builtin:fake``."""
        cached = _PARSED_MODELS.get(text)
        if cached is None:
            if ":" not in text and _PART.match(text):
                cached = cls(RDK_NAMESPACE, "builtin", text)
            else:
                parts = text.split(":")
                _check_parts("model", text, parts)
                cached = cls(*parts)
            _PARSED_MODELS[text] = cached
        return cached

    def __str__(self) -> str:
        return f"{self.namespace}:{self.family}:{self.name}"


@dataclass(frozen=True, slots=True, order=True)
class ResourceName:
    """A resource's identity: its API plus its name (``remote:name`` when it lives on a remote)."""
    api: API
    name: str
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Names key every routing and graph dict: hash once, not on every look-up.
        object.__setattr__(self, "_hash", hash((self.api, self.name)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if type(other) is not ResourceName:
            return NotImplemented
        return self._hash == other._hash and self.api == other.api and self.name == other.name

    @property
    def short_name(self) -> str:
        return self.name.rsplit(":", 1)[-1]

    @property
    def remote(self) -> str:
        return self.name.rsplit(":", 1)[0] if ":" in self.name else ""

    @classmethod
    def parse(cls, text: str) -> ResourceName:
        """Parse ``rdk:component:motor/m1`` (the module protocol's full name)."""
        api_text, sep, name = text.partition("/")
        if not sep or not name:
            raise InvalidArgumentError(f"resource name {text!r} is not 'namespace:type:subtype/name'")
        return cls(API.parse(api_text), name)

    @classmethod
    def from_proto(cls, msg: common_pb2.ResourceName) -> ResourceName:
        return cls(API(msg.namespace, msg.type, msg.subtype), msg.name)

    def to_proto(self) -> common_pb2.ResourceName:
        return common_pb2.ResourceName(
            namespace=self.api.namespace,
            type=self.api.resource_type,
            subtype=self.api.resource_subtype,
            name=self.name,
        )

    def __str__(self) -> str:
        return f"{self.api}/{self.name}"
