# Sourced by customize.sh. The versioned layout under /opt/viam that viam-agent's updater manages:
#   /opt/viam/releases/<version>/          a venv holding the project wheel and its dependencies
#   /opt/viam/bin/viam-server-<version>    -> ../releases/<version>/bin/viam-server
#   /opt/viam/bin/viam-server              -> viam-server-<version>   (the agent swaps this link)
#   /opt/viam/bin/viam-agent[-<version>]   the same for the agent itself
link_release() {
  _root="$1"; _version="$2"
  for _prog in viam-server viam-agent; do
    ln -sfn "../releases/$_version/bin/$_prog" "$_root/opt/viam/bin/$_prog-$_version"
    ln -sfn "$_prog-$_version" "$_root/opt/viam/bin/$_prog"
  done
  ln -sfn /opt/viam/bin/viam-agent "$_root/usr/local/bin/viam-agent"
  ln -sfn /opt/viam/bin/viam-server "$_root/usr/local/bin/viam-server"
}
