// Why an image could not be written. The class name becomes command_error.type and the message
// the node's last_error, so each message says what happened, to which URL or device, and numbers.
export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** HTTP answered with an error status (404…), or no URL worked. */
export class ImageDownloadError extends ImageError {}
/** The stream ended early and resuming did not get the rest. */
export class ImageTruncatedError extends ImageError {}
export class ImageChecksumError extends ImageError {}
export class ImageTooLargeError extends ImageError {}
/** qemu-img says the image is unsafe or not what image_info claims. */
export class ImageFormatError extends ImageError {}
export class RootDeviceError extends ImageError {}
export class ConfigDriveError extends ImageError {}
/** A UEFI deploy whose disk the firmware could not boot: no ESP, no loader, no way to point at it. */
export class UefiBootError extends ImageError {}
