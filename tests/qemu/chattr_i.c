/* chattr -i for the test initramfs: Debian's busybox-static has no chattr,
 * and efivarfs creates variables immutable (a guard against rm -rf), so
 * deleting one from Linux needs FS_IOC_SETFLAGS first. */
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd, flags;

	if (argc != 2) {
		fprintf(stderr, "usage: chattr_i FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || ioctl(fd, FS_IOC_GETFLAGS, &flags) < 0) {
		perror(argv[1]);
		return 1;
	}
	flags &= ~FS_IMMUTABLE_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0) {
		perror(argv[1]);
		return 1;
	}
	close(fd);
	return 0;
}
