/**
 * The shell scripts and config of {@link RedisCluster}, after the guide's "Redis Cluster StatefulSet".
 *
 * The password never appears here: the scripts read `$REDIS_PASSWORD` and `$REDISCLI_AUTH` (Secret keys) from the
 * environment when they run. redis-server reads it from a runtime config file in a memory-backed emptyDir, and
 * redis-cli from `REDISCLI_AUTH`, so it is never on a command line.
 */

/** The client port (the guide's). */
export const REDIS_CLIENT_PORT = 6379;
/** The cluster bus (gossip) port: the client port + 10000 (the guide's). */
export const REDIS_GOSSIP_PORT = 16379;
/** Where the runtime config (with the password) is written. */
export const REDIS_RUNTIME_DIR = "/run/redis";

/** The ConfigMap's redis.conf: the guide's cluster settings. `protected-mode no` is safe because auth is always on. */
export const REDIS_CONF = [
    "# Redis Cluster node. The runtime config includes this file and adds the password from the Secret.",
    "port {{PORT}}",
    "cluster-enabled yes",
    "cluster-config-file /data/nodes.conf",
    "cluster-node-timeout {{TIMEOUT}}",
    "appendonly yes",
    "dir /data",
    "# Safe only because requirepass is always set (see the runtime config).",
    "protected-mode no",
    "",
].join("\n");

/**
 * Starts redis-server: writes the runtime config (the ConfigMap's redis.conf, this pod's IP, requirepass and
 * masterauth from the environment), updates this node's IP in nodes.conf after a restart, then execs redis-server.
 */
export const REDIS_START_SCRIPT = [
    "set -e",
    "umask 077",
    "conf={{RUNTIME_DIR}}/redis.conf",
    "# Quote the password for redis.conf; printf is a shell built-in, so it is never on a command line.",
    "escaped=$(printf '%s' \"$REDIS_PASSWORD\" | sed -e 's/\\\\/\\\\\\\\/g' -e 's/\"/\\\\\"/g')",
    "{",
    "  printf 'include /conf/redis.conf\\n'",
    "  printf 'cluster-announce-ip %s\\n' \"${MY_POD_IP}\"",
    '  printf \'requirepass "%s"\\n\' "$escaped"',
    '  printf \'masterauth "%s"\\n\' "$escaped"',
    '} > "$conf"',
    "# A restarted pod has a new IP: update this node's own entry so that the cluster finds it again.",
    'if [ -f /data/nodes.conf ] && [ -n "${MY_POD_IP}" ]; then',
    '  sed -i -e "/myself/ s/[0-9]\\{1,3\\}\\.[0-9]\\{1,3\\}\\.[0-9]\\{1,3\\}\\.[0-9]\\{1,3\\}/${MY_POD_IP}/" /data/nodes.conf',
    "fi",
    'exec redis-server "$conf"',
    "",
].join("\n");

/** The health check of a node: `redis-cli ping` answers PONG (authenticated by REDISCLI_AUTH). */
export const REDIS_PING_COMMAND = ["sh", "-c", "redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG"];

/**
 * The bootstrap Job: waits until every node answers, does nothing when a cluster already exists (a node reports
 * cluster_state:ok or knows other nodes), otherwise runs `redis-cli --cluster create ... --cluster-replicas N`.
 */
export const REDIS_BOOTSTRAP_SCRIPT = [
    "set -e",
    "# REDISCLI_AUTH (from the Secret) authenticates every redis-cli call.",
    'hosts=""',
    "i=0",
    'while [ "$i" -lt {{NODES}} ]; do',
    '  hosts="$hosts {{SET}}-$i.{{HEADLESS}}"',
    "  i=$((i + 1))",
    "done",
    'echo "Waiting for every node to answer PING"',
    "for host in $hosts; do",
    '  until redis-cli -h "$host" -p {{PORT}} ping 2>/dev/null | grep -q PONG; do',
    '    echo "waiting for $host"',
    "    sleep 2",
    "  done",
    "done",
    "# Idempotent: when any node is in a formed cluster (state ok, or it knows other nodes), there is nothing to do.",
    "for host in $hosts; do",
    "  info=$(redis-cli -h \"$host\" -p {{PORT}} cluster info | tr -d '\\r')",
    "  known=$(echo \"$info\" | sed -n 's/^cluster_known_nodes://p')",
    '  if echo "$info" | grep -q \'^cluster_state:ok\' || [ "${known:-1}" -gt 1 ]; then',
    '    echo "Cluster already formed ($host knows ${known} nodes); nothing to do"',
    "    exit 0",
    "  fi",
    "done",
    'addresses=""',
    "for host in $hosts; do",
    "  ip=$(getent hosts \"$host\" | awk '{ print $1; exit }')",
    '  addresses="$addresses ${ip:-$host}:{{PORT}}"',
    "done",
    'echo "Creating the cluster:$addresses"',
    "redis-cli --cluster create $addresses --cluster-replicas {{REPLICAS}} --cluster-yes",
    "# Done only when every node reports the formed cluster: gossip takes a moment after the create returns.",
    "for host in $hosts; do",
    "  until redis-cli -h \"$host\" -p {{PORT}} cluster info | tr -d '\\r' | grep -q '^cluster_state:ok'; do",
    '    echo "waiting for cluster_state:ok on $host"',
    "    sleep 1",
    "  done",
    "done",
    'echo "Cluster formed: cluster_state:ok on every node"',
    "",
].join("\n");
