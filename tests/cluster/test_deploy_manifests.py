"""deploy/ checked offline: no image is built or run here and no Kubernetes cluster is reached.

- every Kubernetes manifest validates (strict: no unknown fields) against the Kubernetes 1.28
  schemas bundled in kubernetes-validate; when kubectl is installed the kustomize rendering is
  validated too;
- the manifests hold what production needs: probes on every server, sticky Socket.IO at the
  Ingress, secrets for the channels, an autoscaler, disruption budgets, the purge CronJob;
- pool sizes in the ConfigMap fit PostgreSQL's 100 connections at the autoscaler's maximum;
- the compose file has the `make cluster` topology and its HAProxy configuration parses.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from rasa_addons.pools import pool_sizes

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
KUBERNETES_VERSION = "1.28.0"


def _documents(paths):
    for path in paths:
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                yield path.name, doc


def _manifests():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    return list(_documents(K8S / name for name in kustomization["resources"]))


def test_kustomization_lists_every_manifest_file():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == on_disk


@pytest.mark.parametrize("name,doc", _manifests(), ids=lambda v: v if isinstance(v, str) else v["kind"])
def test_manifest_is_valid_kubernetes(name, doc):
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def test_kustomize_rendering_is_valid_kubernetes():
    kubectl = shutil.which("kubectl")
    if not kubectl:
        pytest.skip("kubectl is not installed: the files themselves are validated above")
    out = subprocess.run([kubectl, "kustomize", str(K8S)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    docs = [d for d in yaml.safe_load_all(out.stdout) if d]
    assert len(docs) == len(_manifests())
    for doc in docs:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        assert doc["metadata"].get("namespace", "hk-assistant") == "hk-assistant"


def _by_kind():
    found = {}
    for _name, doc in _manifests():
        found.setdefault(doc["kind"], {})[doc["metadata"]["name"]] = doc
    return found


def test_servers_have_probes_and_run_unprivileged():
    deployments = _by_kind()["Deployment"]
    assert set(deployments) == {"rasa", "actions"}
    for deployment in deployments.values():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        for container in pod["containers"]:
            assert "readinessProbe" in container and "livenessProbe" in container
    rasa = deployments["rasa"]["spec"]["template"]["spec"]["containers"][0]
    assert "/status" in " ".join(rasa["readinessProbe"]["exec"]["command"])
    actions = deployments["actions"]["spec"]["template"]["spec"]["containers"][0]
    assert actions["readinessProbe"]["httpGet"]["path"] == "/health"


def test_socket_io_is_sticky_at_the_ingress_and_channels_have_secrets():
    kinds = _by_kind()
    ingress = kinds["Ingress"]["assistant"]
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    paths = {p["path"] for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]}
    assert "/socket.io" in paths
    credentials = kinds["Secret"]["channel-credentials"]["stringData"]
    assert {"SLACK_TOKEN", "SLACK_SIGNING_SECRET", "MICROSOFT_APP_PASSWORD"} <= set(credentials)
    assert all(value in ("", None) for value in credentials.values())  # no real secret committed


def test_autoscaler_budgets_and_purge_job():
    kinds = _by_kind()
    assert kinds["HorizontalPodAutoscaler"]["rasa"]["spec"]["minReplicas"] >= 2
    assert set(kinds["PodDisruptionBudget"]) == {"rasa", "actions"}
    purge = kinds["CronJob"]["retention-purge"]["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert "rasa_addons.purge" in " ".join(purge["containers"][0]["command"])


def test_pool_sizes_fit_postgres_at_the_autoscalers_maximum():
    kinds = _by_kind()
    config = kinds["ConfigMap"]["assistant-config"]["data"]
    rasa_max = kinds["HorizontalPodAutoscaler"]["rasa"]["spec"]["maxReplicas"]
    actions = kinds["Deployment"]["actions"]["spec"]["replicas"]
    per_process = int(config["SQL_POOL_SIZE"]) + int(config["SQL_MAX_OVERFLOW"])
    assert per_process * (rasa_max + max(actions, rasa_max)) <= 100 - 10
    assert int(config["SQL_POOL_SIZE"]) == pool_sizes(rasa_max, rasa_max)["SQL_POOL_SIZE"]


def test_compose_has_the_cluster_topology():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "migrate", "actions", "rasa1", "rasa2", "balancer"} <= set(services)
    for name in ("rasa1", "rasa2", "actions"):
        env = services[name]["environment"]
        assert {"TRACKER_STORE_URL", "REDIS_URL", "ELIGIBILITY_DATABASE_URL"} <= set(env)
    assert all(port.startswith("127.0.0.1:") for port in services["balancer"]["ports"])


def test_compose_haproxy_configuration_parses():
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.skip("haproxy is not installed")
    out = subprocess.run([haproxy, "-c", "-f", str(DEPLOY / "haproxy.cfg")], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr


def test_dockerfile_is_pinned_and_unprivileged():
    text = (DEPLOY / "Dockerfile").read_text()
    base = next(line.split()[1] for line in text.splitlines() if line.startswith("FROM "))
    assert ":" in base and not base.endswith(":latest")
    assert "USER 10001" in text
    assert "-r requirements.txt" in text
