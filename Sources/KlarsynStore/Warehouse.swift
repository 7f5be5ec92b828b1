public import GRDB
