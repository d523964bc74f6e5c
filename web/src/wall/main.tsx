import { render } from 'preact';
import '../styles/base.css';
import '../styles/wall.css';
import { WallRoot } from './wall-app.js';

render(<WallRoot />, document.getElementById('app') as HTMLElement);
