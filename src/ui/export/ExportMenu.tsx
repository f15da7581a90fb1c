/** Export what the lab shows: scenario, results, time series, pcaps. */
export function ExportMenu() {
  return null;
}
