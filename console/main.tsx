// The web console's entry (docs/console.md): bundled by scripts/buildConsole.ts into dist/console/.
import { render } from 'preact';
import { App } from './app';
import { takeConsoleToken } from './localKey';
import './style.css';

takeConsoleToken();
render(<App />, document.getElementById('app')!);
