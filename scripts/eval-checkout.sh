#!/usr/bin/env bash
# Checks out every app in eval/apps.toml as DIR/<owner>__<name> at its pinned commit,
# for shipgate-eval. Apps already present are left alone. Only the tree is written (no
# .git), so nothing of the apps can end up in this repository by accident.
#
#   scripts/eval-checkout.sh DIR                 # clone from GitHub
#   MIRROR=/path/{owner}+{name}/repo scripts/eval-checkout.sh DIR
#                                                # read local bare mirrors instead
# Blobs missing from a partial mirror (large media) are skipped and counted.
set -euo pipefail
dir="${1:?usage: scripts/eval-checkout.sh DIR}"
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$dir"
python3 - "$root/eval/apps.toml" "$dir" "${MIRROR:-}" <<'PY'
import os, re, subprocess, sys, tempfile
apps_toml, dest, mirror = sys.argv[1], sys.argv[2], sys.argv[3]
apps = re.findall(r'repo = "([^"]+)"\ncommit = "([0-9a-f]{40})"', open(apps_toml).read())
for repo, commit in apps:
    owner, name = repo.split("/")
    out = os.path.join(dest, f"{owner}__{name}")
    if os.path.exists(out):
        continue
    if mirror:
        git_dir = mirror.replace("{owner}", owner).replace("{name}", name)
    else:
        git_dir = tempfile.mkdtemp(prefix="shipgate-eval-")
        subprocess.run(["git", "init", "-q", "--bare", git_dir], check=True)
        subprocess.run(["git", "--git-dir", git_dir, "fetch", "-q", "--depth", "1",
                        f"https://github.com/{repo}.git", commit], check=True)
    listing = subprocess.run(["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", commit],
                             check=True, capture_output=True).stdout.split(b"\0")
    cat = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    written = missing = 0
    for entry in filter(None, listing):
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind != b"blob":
            continue
        cat.stdin.write(sha + b"\n")
        cat.stdin.flush()
        header = cat.stdout.readline()
        if header.endswith(b"missing\n"):
            missing += 1
            continue
        data = cat.stdout.read(int(header.split()[2]))
        cat.stdout.read(1)
        target = os.path.join(out.encode(), path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if mode == b"120000":
            os.symlink(data, target)
        else:
            with open(target, "wb") as f:
                f.write(data)
        written += 1
    cat.stdin.close()
    cat.wait()
    print(f"{repo}: {written} files" + (f", {missing} missing blobs skipped" if missing else ""))
PY
