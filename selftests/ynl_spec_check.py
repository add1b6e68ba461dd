#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The YNL spec and the uAPI header agree: a case of selftests/lint.

  ynl_spec_check.py YNL_TREE SPEC HEADER GENL_C

YNL_TREE is the kernel's tools/net/ynl and Documentation/netlink, unpacked
by selftests/ynl-tree. Prints TAP lines (no plan) "ok N ynl: ..." and
exits 1 if any failed. The cases:
  - the spec is valid under the kernel's schema for its protocol
    (genetlink-legacy: the one that can say uns-admin-perm; jsonschema);
  - the kernel's ynl-gen-c.py --mode uapi --header renders it;
  - every enum member of the header and of the rendered header has the
    same value in both (both compiled with cc, each member printed), no
    member is only in one of them, and the enums have the same names;
  - family name, version and multicast group are the header's;
  - each operation's permission flags are those GENL_C gives its command
    (GENL_ADMIN_PERM: admin-perm, GENL_UNS_ADMIN_PERM: uns-admin-perm).
Known, allowed differences (the spec cannot express them):
the header's XLB_CMD_UNSPEC (0), and `enum xlb_spray_mode`, which the spec
calls enum "spray" (its members are named alike).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ALLOWED_ONLY_IN_HEADER = {"XLB_CMD_UNSPEC"}
ENUM_TAG_RENAMES = {"xlb_spray": "xlb_spray_mode"}

n = 0
failed = 0


def result(ok, desc, detail=""):
    global n, failed
    n += 1
    print(f"{'ok' if ok else 'not ok'} {n} ynl: {desc}")
    if not ok:
        failed = 1
        for line in str(detail).splitlines()[:40]:
            print(f"#   {line}")


def enums(text):
    """[(tag or None, [member names])] of a C header's enums."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    out = []
    for m in re.finditer(r"\benum\s*(\w*)\s*\{(.*?)\}\s*;", text, re.S):
        names = []
        for item in m.group(2).split(","):
            item = item.strip()
            if item:
                names.append(re.match(r"\w+", item).group(0))
        out.append((m.group(1) or None, names))
    return out


def values(header, names, workdir, tag):
    """{name: value} of NAMES, compiled against HEADER."""
    src = os.path.join(workdir, f"{tag}.c")
    exe = os.path.join(workdir, tag)
    with open(src, "w") as f:
        f.write("#include <stdio.h>\n")
        f.write(f'#include "{header}"\n')
        f.write("int main(void)\n{\n")
        for name in names:
            f.write(f'\tprintf("%s %lld\\n", "{name}", (long long){name});\n')
        f.write("\treturn 0;\n}\n")
    subprocess.run(["cc", "-Wall", "-Werror", "-o", exe, src], check=True,
                   capture_output=True, text=True)
    out = subprocess.run([exe], check=True, capture_output=True, text=True).stdout
    return {k: int(v) for k, v in (line.split() for line in out.splitlines())}


def perms(spec, genl_path):
    """Each operation's flags in the spec against .flags of its command's
    entry in the kernel's genl_ops."""
    with open(genl_path) as f:
        text = f.read()
    kernel = {}
    for entry in re.findall(r"\{([^{}]*\.cmd\s*=[^{}]*)\}", text):
        cmd = re.search(r"\.cmd\s*=\s*XLB_CMD_(\w+)", entry).group(1)
        flags = re.search(r"\.flags\s*=\s*([^,]+),", entry)
        names = set()
        for flag in (flags.group(1).split("|") if flags else []):
            flag = flag.strip()
            names.add({"GENL_ADMIN_PERM": "admin-perm",
                       "GENL_UNS_ADMIN_PERM": "uns-admin-perm"}.get(flag, flag))
        kernel[cmd.lower().replace("_", "-")] = names
    ops = {op["name"]: set(op.get("flags", []))
           for op in spec.get("operations", {}).get("list", [])
           if "do" in op or "dump" in op}
    wrong = [f"{name}: spec {sorted(ops.get(name, ['(no operation)']))}, "
             f"kernel {sorted(kernel.get(name, ['(no genl_ops entry)']))}"
             for name in sorted(set(ops) | set(kernel)) if ops.get(name) != kernel.get(name)]
    result(bool(kernel) and not wrong,
           f"the permission flags of all {len(kernel)} operations are the kernel's",
           "\n".join(wrong) or "no genl_ops entry found in " + genl_path)


def main():
    tree, spec_path, header_path, genl_path = sys.argv[1:5]
    header_path = os.path.abspath(header_path)
    with open(spec_path) as f:
        spec = yaml.safe_load(f)
    schema_path = os.path.join(tree, "Documentation/netlink",
                               spec.get("protocol", "genetlink") + ".yaml")

    try:
        import jsonschema
        with open(schema_path) as f:
            schema = yaml.safe_load(f)
        jsonschema.validate(spec, schema)
        result(True, f"{spec_path} is valid under the {spec.get('protocol')} schema")
    except (ImportError, OSError) as e:
        result(False, "validate against the spec's protocol schema", str(e))
    except jsonschema.ValidationError as e:
        result(False, f"{spec_path} is valid under the {spec.get('protocol')} schema",
               f"{e.message} at {list(e.absolute_path)}")

    perms(spec, genl_path)

    work = tempfile.mkdtemp(prefix="xlb-ynl-")
    try:
        # ynl-gen-c.py finds the schema next to the spec's directory, and
        # the top of the tree by its MAINTAINERS file (it loops forever
        # without one).
        os.makedirs(os.path.join(work, "Documentation/netlink/specs"))
        open(os.path.join(work, "MAINTAINERS"), "w").close()
        shutil.copy(schema_path, os.path.join(work, "Documentation/netlink"))
        spec_copy = os.path.join(work, "Documentation/netlink/specs/xlb.yaml")
        shutil.copy(spec_path, spec_copy)
        gen = subprocess.run(
            [sys.executable, os.path.join(tree, "tools/net/ynl/ynl-gen-c.py"),
             "--mode", "uapi", "--header", "--spec", spec_copy],
            capture_output=True, text=True, timeout=120)
        if gen.returncode != 0:
            result(False, "ynl-gen-c.py --mode uapi renders the spec",
                   gen.stderr or gen.stdout)
            return
        result(True, "ynl-gen-c.py --mode uapi renders the spec")
        generated = os.path.join(work, "xlb-generated.h")
        with open(generated, "w") as f:
            f.write(gen.stdout)

        with open(header_path) as f:
            hdr_text = f.read()
        hdr_enums = enums(hdr_text)
        gen_enums = enums(gen.stdout)

        hdr_names = [m for _, ms in hdr_enums for m in ms]
        gen_names = [m for _, ms in gen_enums for m in ms]
        only_hdr = sorted(set(hdr_names) - set(gen_names) - ALLOWED_ONLY_IN_HEADER)
        only_gen = sorted(set(gen_names) - set(hdr_names))
        result(not only_hdr and not only_gen,
               f"the same {len(set(hdr_names))} enum members in the header and the spec",
               f"only in {header_path}: {' '.join(only_hdr) or '-'}\n"
               f"only in the spec: {' '.join(only_gen) or '-'}")

        common = sorted(set(hdr_names) & set(gen_names))
        try:
            hv = values(header_path, common, work, "hdr")
            gv = values(generated, common, work, "gen")
        except subprocess.CalledProcessError as e:
            result(False, "compile the header and the rendered header", e.stderr)
            return
        diff = [f"{k}: header {hv[k]}, spec {gv[k]}" for k in common if hv[k] != gv[k]]
        result(not diff, f"every one of {len(common)} enum members has the header's value",
               "\n".join(diff))
        # Each member sits in the same enum in both.
        where_h = {m: tag for tag, ms in hdr_enums for m in ms}
        where_g = {m: ENUM_TAG_RENAMES.get(tag, tag) for tag, ms in gen_enums for m in ms}
        moved = [f"{k}: header enum {where_h[k]}, spec enum {where_g[k]}"
                 for k in common if where_h[k] != where_g[k]]
        result(not moved, "each member is in the same (named or anonymous) enum",
               "\n".join(moved))

        defs = dict(re.findall(r"#define\s+(XLB_\w+)\s+(\S+)", hdr_text))
        mcgrps = [g["name"] for g in spec.get("mcast-groups", {}).get("list", [])]
        wrong = []
        if defs.get("XLB_GENL_NAME") != f'"{spec["name"]}"':
            wrong.append(f"family {spec['name']}, header {defs.get('XLB_GENL_NAME')}")
        if defs.get("XLB_GENL_VERSION") != str(spec.get("version", 1)):
            wrong.append(f"version {spec.get('version', 1)}, header {defs.get('XLB_GENL_VERSION')}")
        if mcgrps != ["events"] or defs.get("XLB_MCGRP_EVENTS") != '"events"':
            wrong.append(f"mcast groups {mcgrps}, header XLB_MCGRP_EVENTS {defs.get('XLB_MCGRP_EVENTS')}")
        if spec.get("uapi-header") != "linux/xlb.h":
            wrong.append(f"uapi-header {spec.get('uapi-header')}")
        result(not wrong, "family name, version, multicast group and uapi-header match",
               "\n".join(wrong))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
    sys.exit(failed)
