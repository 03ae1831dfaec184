/**
 * Dawn (the npm package webgpu) on SwiftShader's Vulkan driver, which Debian's Chromium brings, through the
 * system's Vulkan loader (Debian's libvulkan1; `.ci/run` installs both): where to find them.
 */
import { existsSync } from 'node:fs';

/** SwiftShader's ICD file, or undefined where Chromium is not installed (ALE_SWIFTSHADER_ICD names another). */
export const SWIFTSHADER = ['/usr/lib/chromium/vk_swiftshader_icd.json', process.env.ALE_SWIFTSHADER_ICD ?? ''].find((path) => path && existsSync(path));

/** Dawn opens the system's Vulkan loader; without one it finds no adapter. */
export const VULKAN_LOADER = ['/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib/libvulkan.so.1'].some((path) => existsSync(path));
