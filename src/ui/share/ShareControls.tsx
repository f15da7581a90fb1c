/** Share the current state as a link; import a scenario file. */
export function ShareControls() {
  return null;
}
