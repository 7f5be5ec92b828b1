internal import TOMLKit
internal import Yams
