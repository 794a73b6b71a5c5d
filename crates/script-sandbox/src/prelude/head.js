// The prelude: Runscope's script API, evaluated in each new QuickJS context before the
// script. Its parts (listed in src/prelude.rs) share this one function scope, so none of
// their names is a global a script could reach or replace; tail.js closes it and returns
// what the host calls: begin, finish, release and outOfMemory (see api.js).
(function () {
'use strict';
