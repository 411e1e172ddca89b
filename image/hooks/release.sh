# Sourced by customize.sh: install the project into /opt/viam in viam-agent's artifact format
# (docs/agent.md, viam/agent/artifact.py):
#   /opt/viam/venv/                        Python runtime: the project wheel and its compiled
#                                          dependencies (grpcio, protobuf, ...); stable path
#   /opt/viam/bin/viam-server-<version>    zipapp whose #! line names /opt/viam/venv/bin/python3
#   /opt/viam/bin/viam-server              -> viam-server-<version>  (the updater swaps this link)
#   /opt/viam/bin/viam-agent[-<version>]   the same for the agent itself
#   /opt/viam/agent-state.json             installed/current versions, written by `viam-agent install`
install_release() {
  _root="$1"; _version="$2"; _extras="$3"
  _venv=/opt/viam/venv
  mkdir -p "$_root/tmp/viam-wheels" "$_root/opt/viam/bin"
  cp "$VIAM_WHEELS"/*.whl "$_root/tmp/viam-wheels/"
  # --system-site-packages: compiled dependencies without an aarch64 wheel come from Debian (python3-spidev)
  chroot "$_root" python3 -m venv --system-site-packages "$_venv"
  # env -i: the build host's PIP_* settings (indexes, find-links) must not leak into the image's pip
  chroot "$_root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin SOURCE_DATE_EPOCH="$SOURCE_DATE_EPOCH" \
    PIP_DISABLE_PIP_VERSION_CHECK=1 "$_venv/bin/pip" \
    install --no-index --find-links /tmp/viam-wheels --no-cache-dir "viam-pi[$_extras]==$_version"
  rm -rf "$_root/tmp/viam-wheels"
  if chroot "$_root" "$_venv/bin/viam-agent" --help | grep -q build-artifact; then
    for _prog in viam-server:viam.cli.server:main viam-agent:viam.agent.cli:main; do
      _name="${_prog%%:*}"; _entry="${_prog#*:}"
      chroot "$_root" "$_venv/bin/viam-agent" build-artifact --version "$_version" --entry "$_entry" \
        --python "$_venv/bin/python3" --out "/tmp/$_name-$_version"
      chroot "$_root" "$_venv/bin/viam-agent" install --root / --name "$_name" --version "$_version" \
        "/tmp/$_name-$_version"
      rm -f "$_root/tmp/$_name-$_version"
    done
  else
    echo "W: [viam] this viam-agent has no build-artifact command: linking the venv's scripts instead" >&2
    for _name in viam-server viam-agent; do
      ln -sfn "$_venv/bin/$_name" "$_root/opt/viam/bin/$_name-$_version"
      ln -sfn "$_name-$_version" "$_root/opt/viam/bin/$_name"
    done
  fi
  ln -sfn /opt/viam/bin/viam-agent "$_root/usr/local/bin/viam-agent"
  ln -sfn /opt/viam/bin/viam-server "$_root/usr/local/bin/viam-server"
}
