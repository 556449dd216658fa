#!/usr/bin/env bash
# A real single-node Slurm on this machine, for the cluster tests: no systemd,
# nothing written outside DIR, daemons found and stopped by their PIDs.
#
#   bash Scripts/slurm-local.sh start DIR   # installs slurm-wlm if missing, starts slurmctld and slurmd
#   bash Scripts/slurm-local.sh stop DIR    # cancels the jobs, shuts Slurm down, leaves no process behind
#
# Commands talk to it with SLURM_CONF=DIR/etc/slurm.conf. Runs as root (slurmd
# starts the jobs). Authentication is auth/none: the daemons listen on ports
# 16817/16818, so use it on a private machine only.
set -euo pipefail
action=${1:-}
[ -n "${2:-}" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
D=$(realpath -m "$2")
conf=$D/etc/slurm.conf
host=$(hostname -s)
# Only Slurm's processes carry SLURM_CONF (this script's own must not, or it
# would find itself): each command gets it on its own line.
unset SLURM_CONF
s() { SLURM_CONF=$conf "$@"; }

# The processes Slurm started for DIR: daemons, step daemons and the jobs'
# processes all carry SLURM_CONF=$conf in their environment.
ours() {
  local p
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" = "$$" ] || [ "$p" = "$PPID" ] && continue
    if { tr '\0' '\n' < "/proc/$p/environ"; } 2>/dev/null | grep -qxF "SLURM_CONF=$conf"; then
      [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null || echo Z)" = Z ] || echo "$p"
    fi
  done
}

start() {
  if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    echo "installing slurm-wlm…" >&2
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends slurm-wlm >/dev/null
  fi
  [ "$(id -u)" -eq 0 ] || { echo "error: slurmd must run as root to start jobs" >&2; exit 1; }
  if [ -n "$(ours)" ]; then echo "error: a Slurm for $D is already running; stop it first" >&2; exit 1; fi
  mkdir -p "$D/etc" "$D/state" "$D/spool" "$D/log"
  local memory
  memory=$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)
  cat > "$conf" <<EOF
ClusterName=fieldlab-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/none
CredType=cred/none
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
SlurmdParameters=config_overrides
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=300
KillWait=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=4 RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  SLURM_CONF=$conf setsid slurmctld -D -i -f "$conf" > "$D/log/slurmctld.out" 2>&1 < /dev/null &
  local i
  for i in $(seq 60); do s scontrol ping > /dev/null 2>&1 && break; sleep 0.25; done
  s scontrol ping > /dev/null 2>&1 || { echo "error: slurmctld did not start (see $D/log/)" >&2; exit 1; }
  SLURM_CONF=$conf setsid slurmd -D -N "$host" -f "$conf" > "$D/log/slurmd.out" 2>&1 < /dev/null &
  for i in $(seq 60); do
    [ "$(s sinfo -h -o %T 2>/dev/null || true)" = idle ] && break
    sleep 0.25
  done
  [ "$(s sinfo -h -o %T 2>/dev/null || true)" = idle ] || { echo "error: slurmd did not come up (see $D/log/)" >&2; exit 1; }
  echo "slurm up: SLURM_CONF=$conf"
}

stop() {
  [ -f "$conf" ] || exit 0
  s scancel --quiet --user="$(id -un)" 2>/dev/null || true
  local i p
  for i in $(seq 40); do [ -z "$(s squeue -h 2>/dev/null || true)" ] && break; sleep 0.25; done
  s scontrol shutdown > /dev/null 2>&1 || true
  for i in $(seq 40); do [ -z "$(ours)" ] && break; sleep 0.25; done
  for p in $(ours); do kill -TERM "$p" 2>/dev/null || true; done
  for i in $(seq 20); do [ -z "$(ours)" ] && break; sleep 0.25; done
  for p in $(ours); do kill -KILL "$p" 2>/dev/null || true; done
  sleep 0.25
  if [ -n "$(ours)" ]; then echo "error: processes left: $(ours | tr '\n' ' ')" >&2; exit 1; fi
  echo "slurm down"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
