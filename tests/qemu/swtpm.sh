# swtpm for the measured-boot tests (sourced by tests/qemu/t_tpm*.sh).
# swtpm_start NAME: a TPM 2.0 with a fresh state directory under
# $OUT/NAME.tpm, its control socket there; TPM_ARGS then holds QEMU's
# tpm-crb arguments. No --flags startup-*: QEMU only sends the emulator
# its INIT, so TPM2_Startup is the firmware's to send (SeaBIOS would
# send it too: these tests enter through qboot, see README). The TPM
# lives as long as QEMU's connection (swtpm exits when QEMU does);
# swtpm_stop ends it in every case, and is what a trap calls.
swtpm_start() {
	local dir=$OUT/$1.tpm i
	rm -rf "$dir" && mkdir -p "$dir/state" || return 1
	SWTPM_DIR=$dir
	swtpm socket --tpm2 --tpmstate "dir=$dir/state" \
		--ctrl "type=unixio,path=$dir/ctrl" \
		--log "file=$dir/swtpm.log" --pid "file=$dir/pid" &
	SWTPM_PID=$!
	for ((i = 0; i < 50; i++)); do
		[[ -S $dir/ctrl ]] && break
		sleep 0.1
	done
	[[ -S $dir/ctrl ]] || { echo "    swtpm did not start"; return 1; }
	TPM_ARGS=(-chardev "socket,id=chrtpm,path=$dir/ctrl"
		-tpmdev emulator,id=tpm0,chardev=chrtpm
		-device tpm-crb,tpmdev=tpm0)
}

swtpm_stop() {
	[[ -n ${SWTPM_PID:-} ]] || return 0
	kill "$SWTPM_PID" 2>/dev/null
	wait "$SWTPM_PID" 2>/dev/null
	SWTPM_PID=
}

# The firmware entered through qboot (no BIOS touches the TPM).
QBOOT=(-bios /usr/share/qemu/qboot.rom)
