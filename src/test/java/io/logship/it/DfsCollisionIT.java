package io.logship.it;

import org.junit.jupiter.api.BeforeEach;

/**
 * CollisionIT's cases through a DFS namespace (logship.nas.dfs): a rename through a DFS path must name
 * the path on the share the link points to, and never replace what stands there.
 */
class DfsCollisionIT extends CollisionIT {

    @BeforeEach
    void viaDfs() {
        throughDfs();
    }
}
