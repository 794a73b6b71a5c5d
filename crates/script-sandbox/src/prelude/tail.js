// What the host keeps of the prelude; the script never sees it.
return { begin, finish, release, outOfMemory };
})();
