package io.logship.core;

/**
 * A local file name that would not stay one name on the NAS: SMB reads '\' as a folder separator,
 * so "..\..\x.log" would climb out of the target folder. Such a file is never written; it stays where it is.
 */
public class UnsafeNameException extends Exception {

    public UnsafeNameException(String name) {
        super("the name '" + name + "' contains '\\', which SMB reads as a folder separator; the file is not"
                + " written anywhere on the NAS: rename it and it ships");
    }
}
