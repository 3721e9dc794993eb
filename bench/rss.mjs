/**
 * Peak RSS of the current process, sampled every 50 ms, with where the memory was at the peak
 * (V8's spaces, and the memory outside V8's heap that ArrayBuffers and Buffers hold), so that
 * the export benchmark can say where its memory goes. Sampling reads one number per tick and
 * allocates only when a new peak is seen.
 */
import { getHeapSpaceStatistics } from 'node:v8';

const MB = 1_048_576;

/** A snapshot of the process's memory, in MB. */
function breakdown(rss) {
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size / MB]),
  );
  const usage = process.memoryUsage();
  return {
    rss: rss / MB,
    heap: usage.heapTotal / MB,
    newSpace: spaces.new_space ?? 0,
    oldSpace: spaces.old_space ?? 0,
    largeObjects: (spaces.large_object_space ?? 0) + (spaces.new_large_object_space ?? 0),
    external: usage.external / MB,
  };
}

/** Starts sampling; `stop()` returns the peak and the memory at that moment. */
export function sampleRss() {
  let peak = process.memoryUsage.rss();
  let atPeak = breakdown(peak);
  const tick = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) {
      peak = rss;
      atPeak = breakdown(rss);
    }
  };
  const timer = setInterval(tick, 50);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return { peakRss: peak, atPeak };
    },
  };
}
