import { render } from 'preact';
import '../styles/base.css';
import '../styles/console.css';
import { ConsoleRoot } from './console-app.js';

render(<ConsoleRoot />, document.getElementById('app') as HTMLElement);
