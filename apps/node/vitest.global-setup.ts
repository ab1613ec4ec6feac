import { execFileSync } from 'node:child_process';

// The end-to-end tests run the built app as a user would, so they build it first (about a second).
export default function setup() {
  execFileSync('npx', ['tsup', '--silent'], { cwd: import.meta.dirname, stdio: 'inherit' });
}
