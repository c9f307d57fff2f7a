/** The default fluentd configuration of {@link LogCollector}. */

/** The port of fluentd's monitor_agent. */
export const DEFAULT_FLUENTD_MONITOR_PORT = 24220;

/**
 * The default fluent.conf: tails `/var/log/containers/*.log` (Docker JSON or CRI format), adds pod and namespace
 * metadata, and ships to Elasticsearch with a file buffer under /var/log. Built for a given monitor port.
 */
export function defaultFluentConf(monitorPort: number = DEFAULT_FLUENTD_MONITOR_PORT): string {
    return `# fluent.conf from k8s-workloads LogCollector: container logs -> Kubernetes metadata -> Elasticsearch.
<system>
  log_level info
</system>

# Health endpoint for the readiness and liveness probes. Keep it when you replace this file.
<source>
  @type monitor_agent
  bind 0.0.0.0
  port ${monitorPort}
</source>

<source>
  @type tail
  @id in_tail_container_logs
  path /var/log/containers/*.log
  pos_file /var/log/fluentd-containers.log.pos
  tag kubernetes.*
  read_from_head true
  <parse>
    @type multi_format
    <pattern>
      format json
      time_key time
      time_format %Y-%m-%dT%H:%M:%S.%NZ
    </pattern>
    <pattern>
      format regexp
      expression /^(?<time>.+) (?<stream>stdout|stderr) [^ ]* (?<log>.*)$/
      time_format %Y-%m-%dT%H:%M:%S.%N%:z
    </pattern>
  </parse>
</source>

<filter kubernetes.**>
  @type kubernetes_metadata
  @id filter_kube_metadata
</filter>

<match **>
  @type elasticsearch
  @id out_es
  host "#{ENV['FLUENT_ELASTICSEARCH_HOST']}"
  port "#{ENV['FLUENT_ELASTICSEARCH_PORT']}"
  scheme "#{ENV['FLUENT_ELASTICSEARCH_SCHEME'] || 'http'}"
  user "#{ENV['FLUENT_ELASTICSEARCH_USER'] || use_default}"
  password "#{ENV['FLUENT_ELASTICSEARCH_PASSWORD'] || use_default}"
  logstash_format true
  logstash_prefix "#{ENV['FLUENT_ELASTICSEARCH_LOGSTASH_PREFIX'] || 'logstash'}"
  reconnect_on_error true
  reload_on_failure true
  reload_connections false
  request_timeout 15s
  <buffer>
    @type file
    path /var/log/fluentd-buffers/kubernetes.system.buffer
    flush_mode interval
    flush_interval 5s
    flush_thread_count 2
    retry_type exponential_backoff
    retry_forever true
    retry_max_interval 30
    chunk_limit_size 8M
    total_limit_size 512M
    overflow_action drop_oldest_chunk
  </buffer>
</match>
`;
}

/** The default fluent.conf on the default monitor port. */
export const DEFAULT_FLUENT_CONF = defaultFluentConf();
