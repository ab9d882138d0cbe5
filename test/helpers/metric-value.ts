import type { Metrics } from '../../src/adapters/metrics';

/** A counter's or a histogram count's value in a registry, summed over the series matching `labels`. */
export async function metricValue(metrics: Metrics, name: string, labels: Record<string, string> = {}) {
  const metric = (await metrics.registry.getMetricsAsJSON()).find(
    (m) => m.name === name.replace(/_count$/, ''),
  );
  const values = (metric?.values ?? []) as {
    metricName?: string;
    labels: Record<string, unknown>;
    value: number;
  }[];
  return values
    .filter((v) => (v.metricName ?? name) === name)
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((sum, v) => sum + v.value, 0);
}
