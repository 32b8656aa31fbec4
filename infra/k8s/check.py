"""Render the Kustomize trees under infra/k8s and validate every resource offline.

`make k8s-check` (part of `make test`). Rendering: a small Kustomize equivalent for the
features these trees use (resources, namespace, images, replicas, strategic-merge patches
by kind and name); any other kustomization field is an error, never silently ignored.
Where `kubectl` (or `kustomize`) is installed, its rendering must be the same, resource
by resource. Validation: each resource against the Kubernetes OpenAPI JSON schemas
shipped inside the `kubernetes-validate` package (strict: unknown fields fail), for the
oldest and the newest Kubernetes version we support; nothing is downloaded. Then the
rules of this project: every image pinned to a version, every container with resource
requests and limits, the API with its probes, one scheduler.

Exit status 1 on any failure. Without kubernetes-validate the check is skipped with a
message, except with CI=true, where that fails.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TREES = ["base", "datastores", "overlays/production"]
VERSIONS = ["1.30.0", "1.37.0"]  # the oldest and newest Kubernetes we validate against
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume"}
KNOWN_FIELDS = {"apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches"}
# Strategic merge keys of the lists these trees patch (Kubernetes' patchMergeKey); any
# other list is replaced by the patch, as Kubernetes does for lists without a merge key.
MERGE_KEYS = {
    "containers": "name",
    "initContainers": "name",
    "env": "name",
    "volumes": "name",
    "volumeMounts": "mountPath",
    "imagePullSecrets": "name",
}

Resource = dict[str, Any]


class CheckError(Exception):
    pass


def _load(path: Path) -> list[Resource]:
    import yaml

    with path.open(encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc]


def merge(base: Any, patch: Any, key: str | None = None) -> Any:
    """Kubernetes' strategic merge for the subset used here."""
    if isinstance(base, dict) and isinstance(patch, dict):
        merged = dict(base)
        for name, value in patch.items():
            if value is None:
                merged.pop(name, None)
            elif name in merged:
                merged[name] = merge(merged[name], value, name)
            else:
                merged[name] = copy.deepcopy(value)
        return merged
    if isinstance(base, list) and isinstance(patch, list) and key in MERGE_KEYS:
        field = MERGE_KEYS[key]
        merged_list = [copy.deepcopy(item) for item in base]
        for item in patch:
            at = next(
                (i for i, old in enumerate(merged_list) if old.get(field) == item[field]), None
            )
            if at is None:
                merged_list.append(copy.deepcopy(item))
            else:
                merged_list[at] = merge(merged_list[at], item)
        return merged_list
    return copy.deepcopy(patch)


def _pod_spec(resource: Resource) -> dict[str, Any] | None:
    spec = resource.get("spec", {})
    if resource["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"):
        return spec.get("template", {}).get("spec")
    if resource["kind"] == "CronJob":
        return spec.get("jobTemplate", {}).get("spec", {}).get("template", {}).get("spec")
    return None


def _containers(resource: Resource) -> list[dict[str, Any]]:
    pod = _pod_spec(resource) or {}
    return [*pod.get("initContainers", []), *pod.get("containers", [])]


def _image_name(image: str) -> str:
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return name[: len(name) - len(last)] + last.split(":", 1)[0]


def render(directory: Path) -> list[Resource]:
    path = directory / "kustomization.yaml"
    if not path.is_file():
        raise CheckError(f"{directory}: no kustomization.yaml")
    (kustomization,) = _load(path)
    unknown = set(kustomization) - KNOWN_FIELDS
    if unknown:
        raise CheckError(f"{path}: fields this checker does not render: {sorted(unknown)}")
    resources: list[Resource] = []
    for entry in kustomization.get("resources", []):
        target = (directory / entry).resolve()
        resources += render(target) if target.is_dir() else _load(target)
    for patch in kustomization.get("patches", []):
        if set(patch) != {"path"}:
            raise CheckError(f"{path}: only `patches: - path:` (strategic merge) is rendered")
        for doc in _load(directory / patch["path"]):
            matches = [
                r
                for r in resources
                if r["kind"] == doc["kind"] and r["metadata"]["name"] == doc["metadata"]["name"]
            ]
            if len(matches) != 1:
                raise CheckError(f"{patch['path']}: {len(matches)} resources match the patch")
            index = next(i for i, r in enumerate(resources) if r is matches[0])
            resources[index] = merge(matches[0], doc)
    namespace = kustomization.get("namespace")
    if namespace:
        for resource in resources:
            if resource["kind"] not in CLUSTER_SCOPED:
                resource["metadata"]["namespace"] = namespace
    for image in kustomization.get("images", []):
        for resource in resources:
            for container in _containers(resource):
                if _image_name(container["image"]) == image["name"]:
                    name = image.get("newName", image["name"])
                    tag = image.get("newTag")
                    digest = image.get("digest")
                    container["image"] = f"{name}@{digest}" if digest else f"{name}:{tag}"
    for replicas in kustomization.get("replicas", []):
        for resource in resources:
            if resource["metadata"]["name"] == replicas["name"] and "replicas" in resource.get(
                "spec", {}
            ):
                resource["spec"]["replicas"] = replicas["count"]
    return resources


def _key(resource: Resource) -> tuple[str, str, str]:
    meta = resource["metadata"]
    return resource["kind"], meta.get("namespace", ""), meta["name"]


def compare_with_kubectl(tree: str, ours: list[Resource]) -> str | None:
    """None when no kubectl/kustomize is installed; else a description of any difference."""
    import yaml

    if shutil.which("kustomize"):
        command = ["kustomize", "build", str(HERE / tree)]
    elif shutil.which("kubectl"):
        command = ["kubectl", "kustomize", str(HERE / tree)]
    else:
        return None
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    if done.returncode != 0:
        return f"{' '.join(command[:2])} failed: {done.stderr.strip()}"
    theirs = {_key(r): r for r in yaml.safe_load_all(done.stdout) if r}
    mine = {_key(r): r for r in ours}
    if set(theirs) != set(mine):
        return f"resources differ: {sorted(set(theirs) ^ set(mine))}"
    for key, resource in mine.items():
        if resource != theirs[key]:
            return f"{key} differs from {command[0]}'s rendering"
    return "same"


def validate(resources: list[Resource], where: str) -> list[str]:
    import kubernetes_validate

    errors = []
    for resource in resources:
        for version in VERSIONS:
            try:
                kubernetes_validate.validate(resource, version, strict=True)
            except kubernetes_validate.ValidationError as exc:
                path = ".".join(str(p) for p in exc.path)
                errors.append(f"{where}: {_key(resource)} on {version}: {path}: {exc.message}")
            except kubernetes_validate.SchemaNotFoundError as exc:
                errors.append(f"{where}: {_key(resource)}: no schema ({exc})")
    return errors


def policy(resources: list[Resource], where: str) -> list[str]:
    errors = []
    for resource in resources:
        for container in _containers(resource):
            image = container["image"]
            tail = image.rsplit("/", 1)[-1]
            unpinned = "@" not in image and (":" not in tail or tail.endswith(":latest"))
            # The base names the app's own images only; the overlay gives their tag.
            own = where == "base" and image.startswith("samklang-")
            if unpinned and not own:
                errors.append(f"{where}: {_key(resource)}: image {image!r} is not pinned")
            limits = container.get("resources", {})
            if not limits.get("requests") or not limits.get("limits"):
                errors.append(f"{where}: {_key(resource)}/{container['name']}: no requests/limits")
    by_name = {(r["kind"], r["metadata"]["name"]): r for r in resources}
    api = by_name.get(("Deployment", "api"))
    if api is not None:
        (container,) = [c for c in _containers(api) if c["name"] == "api"]
        for probe, path in (("readinessProbe", "/api/ready"), ("livenessProbe", "/api/health")):
            if container.get(probe, {}).get("httpGet", {}).get("path") != path:
                errors.append(f"{where}: the api container needs a {probe} on {path}")
        kinds = {kind for kind, name in by_name if name == "api"}
        for kind in ("Service", "PodDisruptionBudget"):
            if kind not in kinds:
                errors.append(f"{where}: the api Deployment has no {kind}")
        if api["spec"].get("replicas", 1) < 2:
            errors.append(f"{where}: the api runs fewer than two replicas")
    scheduler = by_name.get(("Deployment", "scheduler"))
    if scheduler is not None and scheduler["spec"].get("replicas") != 1:
        errors.append(f"{where}: the scheduler must run exactly one replica")
    return errors


def self_test() -> list[str]:
    """The validator works offline and refuses what it should."""
    broken = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "broken"},
        "spec": {"replicas": "three", "selector": {}, "template": {"spec": {"containers": []}}},
    }
    typo = copy.deepcopy(broken)
    typo["spec"] = {"replica": 1, "selector": {}, "template": {}}
    refused = [len(validate([doc], "self-test")) > 0 for doc in (broken, typo)]
    return [] if all(refused) else ["self-test: the validator accepted an invalid manifest"]


def main() -> int:
    try:
        import kubernetes_validate  # noqa: F401
        import yaml  # noqa: F401
    except ImportError as exc:
        message = f"kubernetes-validate is missing ({exc}): make backend/.venv/.installed"
        if os.environ.get("CI") == "true":
            print(message)
            return 1
        print(f"{message}; skipping the Kubernetes check (it fails when CI=true)")
        return 0
    errors = self_test()
    for tree in TREES:
        try:
            resources = render(HERE / tree)
        except (CheckError, OSError, KeyError) as exc:
            errors.append(f"{tree}: {exc}")
            continue
        errors += validate(resources, tree)
        errors += policy(resources, tree)
        same = compare_with_kubectl(tree, resources)
        if same not in (None, "same"):
            errors.append(f"{tree}: {same}")
        compared = {None: "", "same": ", same as kubectl's rendering"}.get(same, "")
        print(f"{tree}: {len(resources)} resources valid on {', '.join(VERSIONS)}{compared}")
    for error in errors:
        print(f"ERROR {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
