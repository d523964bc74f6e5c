export { type LiveAlert, LiveFeed, type LiveFeedListener, type LiveIncident, type LiveSample } from './live-feed.js';
export { SLOW_CONSUMER } from './client-session.js';
export {
  attachStream,
  STREAM_PATH,
  type StreamDeps,
  type StreamOptions,
  type StreamPrincipal,
  type StreamServer,
  type StreamStats,
} from './stream-server.js';
