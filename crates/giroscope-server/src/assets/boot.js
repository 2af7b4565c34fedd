// Runs before the first paint (a plain <script> in <head>), so that nothing moves when app.js
// arrives: the script's controls show, the form-only buttons hide, the live button shows only
// with a camera API.
document.documentElement.classList.add('js');
if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) document.documentElement.classList.add('cam');
