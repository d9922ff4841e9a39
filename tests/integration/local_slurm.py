"""A real single-node SLURM cluster on localhost, for the cluster test (pytest marker `slurm`).

Daemons are started directly (no systemd): munged as user munge, then slurmctld and slurmd
as root, with state, spool, logs and PID files under one temporary directory. They are
stopped by PID at the end. The executor plugin's job steps read /etc/slurm/slurm.conf (they
drop SLURM_CONF), so the config is written there; an existing slurm.conf that this module
did not write is never touched (the test is skipped instead).

Config that works on this machine kind (../shared/TOOLING.md): NodeAddr=127.0.0.1,
select/cons_tres, proctrack/linuxproc, task/none, no accounting daemon (so Snakemake must
poll with squeue: --slurm-status-command squeue).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

CONF = Path("/etc/slurm/slurm.conf")
MARK = "# written by alwgs tests/integration/local_slurm.py"
DAEMONS = ("slurmd", "slurmctld")


def available() -> str:
    """'' when a local cluster can be started here, else the reason it cannot."""
    for exe in ("slurmctld", "slurmd", "munged", "sbatch", "squeue"):
        if not shutil.which(exe) and not Path(f"/usr/sbin/{exe}").exists():
            return f"{exe} not installed (Debian slurm-wlm, munge)"
    if os.geteuid() != 0:
        return "starting slurmd needs root"
    if CONF.exists() and MARK not in CONF.read_text():
        return f"{CONF} belongs to a real cluster; not overwriting it"
    if not Path("/etc/munge/munge.key").exists():
        return "no /etc/munge/munge.key"
    return ""


def _memory_mb() -> int:
    with open("/proc/meminfo") as fh:
        kb = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
    return kb // 1024 - 1024  # leave the OS 1 GB


def slurm_conf(state: Path, host: str, cpus: int, memory_mb: int) -> str:
    return f"""{MARK}
ClusterName=alwgstest
SlurmctldHost={host}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation={state}/ctld
SlurmdSpoolDir={state}/spool
SlurmctldPidFile={state}/slurmctld.pid
SlurmdPidFile={state}/slurmd.pid
SlurmctldLogFile={state}/slurmctld.log
SlurmdLogFile={state}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName={host} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={memory_mb} State=UNKNOWN
# Two jobs per core: a test job is mostly Snakemake's own start-up (median 6 s), so one job
# per core left the cluster running one job at a time, half the cores idle.
PartitionName=local Nodes={host} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:2
"""


def _pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def start(state: Path, timeout: float = 60) -> None:
    """Start munged, slurmctld and slurmd; return once the node accepts jobs."""
    state.mkdir(parents=True, exist_ok=True)
    for sub in ("ctld", "spool"):
        (state / sub).mkdir(exist_ok=True)
    host = socket.gethostname().split(".")[0]
    CONF.parent.mkdir(parents=True, exist_ok=True)
    CONF.write_text(slurm_conf(state, host, os.cpu_count() or 1, _memory_mb()))
    run_munge = Path("/run/munge")
    run_munge.mkdir(parents=True, exist_ok=True)
    shutil.chown(run_munge, "munge", "munge")
    if subprocess.run(["pgrep", "-x", "munged"], capture_output=True).returncode != 0:
        subprocess.run(["runuser", "-u", "munge", "--", "/usr/sbin/munged"], check=True)
    subprocess.run(["/usr/sbin/slurmctld", "-c"], check=True)  # -c: clean start, no old jobs
    subprocess.run(["/usr/sbin/slurmd"], check=True)
    deadline = time.time() + timeout
    while time.time() < deadline:
        out = subprocess.run(
            ["sinfo", "-h", "-o", "%T"], capture_output=True, text=True
        ).stdout.strip()
        if out in ("idle", "mixed", "allocated"):
            return
        time.sleep(1)
    logs = "\n".join(
        (state / f).read_text()[-2000:]
        for f in ("slurmctld.log", "slurmd.log")
        if (state / f).exists()
    )
    stop(state)
    raise RuntimeError(f"local SLURM node did not come up (sinfo: {out!r})\n{logs}")


def stop(state: Path) -> None:
    """Stop the daemons by their PID files and remove the config this module wrote."""
    for name in DAEMONS:
        pid = _pid(state / f"{name}.pid")
        if pid:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for name in DAEMONS:
        pid = _pid(state / f"{name}.pid")
        for _ in range(30):
            if not pid or not Path(f"/proc/{pid}").exists():
                break
            time.sleep(0.5)
    if CONF.exists() and MARK in CONF.read_text():
        CONF.unlink()
