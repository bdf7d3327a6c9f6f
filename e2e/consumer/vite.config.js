// No import of 'vite' here: the consumer project installs only the kravkit tarball; the build runs the
// repository's pinned vite binary with this directory as its root.
export default {
  logLevel: 'warn',
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
};
