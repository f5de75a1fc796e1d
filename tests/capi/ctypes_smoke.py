#!/usr/bin/env python3
"""The raw C ABI from Python ctypes: create, use, free, errors.

Proves libdriftwise.so is usable from a foreign-function interface with
nothing but its C declarations, and that its JSON is byte for byte what the
`driftwise` CLI prints for the same file.

Usage: ctypes_smoke.py LIBDRIFTWISE_SO DRIFTWISE_CLI SOURCE_DIR
"""
import ctypes as C
import glob
import os
import subprocess
import sys

lib_path, cli, src = sys.argv[1:4]
lib = C.CDLL(lib_path)


class DwBuf(C.Structure):
    _fields_ = [("ptr", C.c_void_p), ("size", C.c_size_t),
                ("reserved", C.c_size_t)]


class DwError(C.Structure):
    _fields_ = [("code", C.c_int), ("detail", C.c_int32),
                ("message", C.c_char_p), ("offset", C.c_uint64),
                ("path", C.c_char_p)]


lib.dw_error_last.restype = C.POINTER(DwError)
lib.dw_version.restype = C.c_char_p
lib.dw_abi_version.restype = C.c_uint32
lib.dw_plan_parse.argtypes = [C.POINTER(C.c_void_p), C.c_char_p, C.c_size_t,
                              C.c_void_p]
lib.dw_plan_parse_file.argtypes = [C.POINTER(C.c_void_p), C.c_char_p,
                                   C.c_void_p]
lib.dw_plan_free.argtypes = [C.c_void_p]
lib.dw_plan_to_json.argtypes = [C.POINTER(DwBuf), C.c_void_p]
lib.dw_plan_count.argtypes = [C.c_void_p, C.c_int32]
lib.dw_plan_count.restype = C.c_size_t
lib.dw_plan_change_address.argtypes = [C.c_void_p, C.c_int32, C.c_size_t]
lib.dw_plan_change_address.restype = C.c_char_p
lib.dw_state_parse_file.argtypes = [C.POINTER(C.c_void_p), C.c_char_p]
lib.dw_state_free.argtypes = [C.c_void_p]
lib.dw_state_to_json.argtypes = [C.POINTER(DwBuf), C.c_void_p]
lib.dw_buf_dispose.argtypes = [C.POINTER(DwBuf)]

failures = []


def check(name, cond):
    if not cond:
        failures.append(name)
        print("FAIL:", name)


def take(buf):
    data = C.string_at(buf.ptr, buf.size)
    lib.dw_buf_dispose(C.byref(buf))
    return data


def cli_json(kind, path):
    return subprocess.run([cli, kind, "show", path, "--output", "json"],
                          check=True, capture_output=True).stdout


check("abi version is 1 or more", lib.dw_abi_version() >= 1)
check("version string", lib.dw_version().count(b".") == 2)

# Plans: every corpus plan the CLI accepts gives the same JSON through ctypes.
plans = [os.path.join(src, "examples/data/basic-aws/refresh-plan.json")]
plans += sorted(glob.glob("/work/shared/corpus/plans/terraform/*.json"))[:40]
compared = 0
for path in plans:
    plan = C.c_void_p()
    rc = lib.dw_plan_parse_file(C.byref(plan), path.encode(), None)
    proc = subprocess.run([cli, "plan", "show", path, "--output", "json"],
                          capture_output=True)
    check(f"{path}: C ABI and CLI agree on success", (rc == 0) ==
          (proc.returncode == 0))
    if rc != 0:
        check(f"{path}: error has a message",
              bool(lib.dw_error_last().contents.message))
        continue
    buf = DwBuf()
    check(f"{path}: to_json", lib.dw_plan_to_json(C.byref(buf), plan) == 0)
    check(f"{path}: same bytes as the CLI", take(buf) == proc.stdout)
    lib.dw_plan_free(plan)
    compared += 1
check("compared at least 20 plans", compared >= 20)

plan = C.c_void_p()
path = os.path.join(src, "examples/data/basic-aws/plan.json").encode()
check("parse plan.json", lib.dw_plan_parse_file(C.byref(plan), path, None) == 0)
check("8 changes", lib.dw_plan_count(plan, 0) == 8)
check("7 drift", lib.dw_plan_count(plan, 1) == 7)
check("first address",
      lib.dw_plan_change_address(plan, 0, 0) == b"aws_dynamodb_table.items")
check("out of range is NULL", lib.dw_plan_change_address(plan, 0, 99) is None)
lib.dw_plan_free(plan)

state_path = os.path.join(src, "examples/data/basic-aws/terraform.tfstate")
state = C.c_void_p()
check("parse state", lib.dw_state_parse_file(C.byref(state),
                                              state_path.encode()) == 0)
buf = DwBuf()
check("state to_json", lib.dw_state_to_json(C.byref(buf), state) == 0)
check("state JSON same as the CLI",
      take(buf) == cli_json("state", state_path))
lib.dw_state_free(state)

bad = b'{"format_version": "1.2", "resource_changes": [1,]}'
plan = C.c_void_p(1234)
rc = lib.dw_plan_parse(C.byref(plan), bad, len(bad), None)
err = lib.dw_error_last().contents
check("bad JSON is -3", rc == -3 and err.code == -3)
check("out pointer reset", plan.value is None)
check("offset inside the input", 0 <= err.offset < len(bad))
print(f"ctypes: {compared} plans compared byte for byte with the CLI; "
      f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
