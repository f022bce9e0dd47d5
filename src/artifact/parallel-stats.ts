/** What the parallel builds of this process did (tests check that chunks were parked and buffers recycled). */
export const poolStats = { parkedBytes: 0, recycledBuffers: 0, rangesHere: 0, rangesInWorkers: 0, workersStarted: 0 };
