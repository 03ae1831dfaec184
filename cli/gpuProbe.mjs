// Asks Dawn (the npm package webgpu) for an adapter and prints what it found
// as one JSON line. The command line runs this in a child process, so Dawn's
// and the Vulkan drivers' own messages, or a crash of either, cannot reach
// the user's run: only the answer, or the reason there is none, comes back.
import { create } from 'webgpu';

const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
const info = adapter && adapter.info;
const found = info && { vendor: info.vendor, architecture: info.architecture, description: info.description, isFallbackAdapter: Boolean(info.isFallbackAdapter) };
process.stdout.write(`${JSON.stringify({ adapter: found ?? null })}\n`);
process.exit(0);
