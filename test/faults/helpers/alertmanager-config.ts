/**
 * An alertmanager.yml that sends every alert to the bridge's webhook with its token from a file, with
 * the short timers of a test (a group is sent a second after it forms, and again every 2 s while
 * it changes or a delivery failed).
 */
export function bridgeReceiverConfig(bridgeUrl: string, tokenFile: string, groupBy: readonly string[]): string {
  return `route:
  receiver: bridge
  group_by: [${groupBy.join(', ')}]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: bridge
    webhook_configs:
      - url: ${bridgeUrl}/webhook
        send_resolved: true
        http_config:
          authorization:
            credentials_file: ${tokenFile}
`;
}
