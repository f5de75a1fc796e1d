# Type stubs of the C++ extension (bindings/python/src/module.cpp).
from typing import List, Optional, Union

_Bytes = Union[bytes, bytearray, memoryview, str]

__version__: str
ABI_VERSION: int

class ResourceChange:
    address: str
    previous_address: str
    module_address: str
    mode: str
    type: str
    name: str
    index_json: Optional[str]
    provider_name: str
    deposed: str
    actions: List[str]
    action: str
    create_before_destroy: bool
    action_reason: str
    importing: bool
    changed_paths: List[str]
    sensitive_paths: List[str]
    unknown_paths: List[str]
    replace_paths: List[str]
    offset: int
    length: int
    def raw_json(self) -> Optional[str]: ...

class OutputChange:
    name: str
    actions: List[str]
    action: str
    sensitive: bool
    unknown: bool

class Plan:
    format_version: str
    terraform_version: str
    errored: bool
    applyable: bool
    complete: bool
    timestamp: str
    output_changes: List[OutputChange]
    field_names: List[str]
    def count(self, drift: bool) -> int: ...
    def change(self, drift: bool, i: int) -> ResourceChange: ...
    def section_json(self, name: str) -> str: ...
    def show_json(self) -> str: ...
    def show_text(self) -> str: ...

def parse_plan_bytes(data: _Bytes, retain_values: bool = ...,
                     compute_diff: bool = ..., threads: int = ...) -> Plan: ...
def parse_plan_file(path: str, retain_values: bool = ...,
                    compute_diff: bool = ..., threads: int = ...) -> Plan: ...
def plan_show_json_file(path: str) -> str: ...

class StateResource:
    address: str
    module: str
    mode: str
    type: str
    name: str
    index_json: Optional[str]
    provider: str
    provider_source: str
    provider_alias: str
    deposed: str
    tainted: bool
    schema_version: int
    sensitive_paths: List[str]
    def attributes_json(self) -> Optional[str]: ...

class State:
    version: int
    format_version: str
    terraform_version: str
    serial: int
    lineage: str
    def count(self) -> int: ...
    def resource(self, i: int) -> StateResource: ...
    def outputs_json(self) -> Optional[str]: ...
    def show_json(self) -> str: ...
    def show_text(self) -> str: ...

def parse_state_bytes(data: _Bytes, threads: int = ...) -> State: ...
def parse_state_file(path: str, threads: int = ...) -> State: ...

def verify_chain_json(data: _Bytes, threads: int = ...,
                      chain_id: Optional[str] = ...,
                      expected_min_seq: Optional[int] = ...) -> str: ...

class AuditChain:
    @staticmethod
    def open(data: _Bytes) -> "AuditChain": ...
    def append(self, input_line: str) -> str: ...
    next_seq: int
    head_hash: str
    chain_id: str

class Assessment:
    risk_level: str
    def render(self, format: str, plan_uri: str = ...,
               fail_on: str = ...) -> str: ...

class RiskEngine:
    def __init__(self, policy: Optional[str] = ...,
                 noise_rules: Optional[str] = ...,
                 suppressions: Optional[str] = ...,
                 builtin_risk: bool = ..., builtin_noise: bool = ...) -> None: ...
    def assess(self, plan: Plan, now: int) -> Assessment: ...

def validate_policy_json(json: str) -> List[tuple]: ...
def policy_json(json: str) -> str: ...
def fingerprint(resource_type: str, attribute_path: str, action: str) -> str: ...
def parse_timestamp(text: str) -> int: ...

class Inventory:
    format: str
    def count(self) -> int: ...
    def skipped(self) -> List[tuple]: ...

def parse_inventory_bytes(data: _Bytes, format: str = ..., terraform_type: str = ...,
                          default_account: str = ...,
                          default_region: str = ...,
                          threads: int = ...) -> Inventory: ...

class DriftResult:
    def has_drift(self) -> bool: ...
    def render(self, format: str) -> str: ...

def compute_drift(states: List[tuple], inventories: List[tuple], plans: List[tuple],
                  ignore: Optional[str] = ..., show_defaults: bool = ...,
                  threads: int = ...) -> DriftResult: ...

class ScanRecord:
    scan_id: str
    time: int
    diff_count: int

def scan_from_plan(plan: Plan, scan_id: str, time: int, owner: str,
                   name: str) -> ScanRecord: ...
def scan_from_assessment(a: Assessment, scan_id: str, time: int, owner: str,
                         name: str) -> ScanRecord: ...
def aggregate_recurrence(scans: List[ScanRecord], window_days: int, threshold: int,
                         now: int, owner: str, name: str,
                         max_examples: int) -> List[dict]: ...
