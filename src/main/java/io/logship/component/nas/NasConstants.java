package io.logship.component.nas;

import org.apache.camel.Exchange;
import org.apache.camel.spi.Metadata;

/** The headers a {@code nas:} producer sets once the file is on the NAS, for the steps after it. */
public final class NasConstants {

    @Metadata(description = "The file's path in the share, as camel-file and camel-smb producers set it",
            javaType = "String")
    public static final String FILE_NAME_PRODUCED = Exchange.FILE_NAME_PRODUCED;
    @Metadata(description = "The SHA-256 of the shipped bytes, lower-case hex", javaType = "String")
    public static final String SHA256 = "LogshipSha256";
    @Metadata(description = "How the attempt ended: shipped, already_shipped (identical content stood there) or"
            + " shipped_under_distinct_name (other content held the name)", javaType = "String")
    public static final String OUTCOME = "LogshipOutcome";
    @Metadata(description = "//host:port/share/path of the verified copy", javaType = "String")
    public static final String PUBLISHED_AS = "LogshipPublishedAs";

    private NasConstants() {
    }
}
