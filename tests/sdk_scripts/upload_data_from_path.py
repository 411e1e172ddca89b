"""RobotClient.upload_data_from_path through the official SDK: argv = address, path; prints the counts."""

import asyncio
import json
import sys

from sdk_common import check, connect

from viam.proto.app.datasync import UploadMetadata


async def main() -> None:
    robot = await connect()
    try:
        response = await robot.upload_data_from_path(sys.argv[2], upload_metadata=UploadMetadata(tags=["sdk"]))
        check(response.files_failed == 0, f"failed uploads: {response}")
        print(json.dumps({"files_uploaded": response.files_uploaded, "bytes_total": response.bytes_total,
                          "ids": list(response.ids)}))
    finally:
        await robot.close()


if __name__ == "__main__":
    asyncio.run(main())
