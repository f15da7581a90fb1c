import { createFrameScheduler } from '../charts/frame-scheduler.ts';

/**
 * The page's one requestAnimationFrame loop (STYLE.md, the Perfetto anchor). Charts,
 * readouts and the FPS-sensitive parts of the page subscribe here; App provides it
 * through FrameSchedulerContext so charts pick it up. The loop runs only while someone
 * listens.
 */
export const frameScheduler = createFrameScheduler();
